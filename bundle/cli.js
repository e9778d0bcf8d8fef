import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-QZ26U2DS.js";import"./chunk-FOLVPLGM.js";import"./chunk-DAWZSE7M.js";import"./chunk-VIAALOBU.js";import"./chunk-PKGO3H2B.js";import"./chunk-4NVBD4IH.js";export{main};
