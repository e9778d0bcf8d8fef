import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-KYPLJ7PF.js";import"./chunk-Z2LJF7KB.js";import"./chunk-DAWZSE7M.js";import"./chunk-QQMUWHNW.js";import"./chunk-PKGO3H2B.js";import"./chunk-4NVBD4IH.js";export{main};
