import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-TV57SP4W.js";import"./chunk-7TET2TCN.js";import"./chunk-DAWZSE7M.js";import"./chunk-UFYSVHHO.js";import"./chunk-PKGO3H2B.js";import"./chunk-4NVBD4IH.js";export{main};
