import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-2DAOB7RM.js";import"./chunk-CBOC2YDC.js";import"./chunk-GCPJSMWX.js";import"./chunk-2MKFM4IA.js";import"./chunk-YLZKXBQQ.js";import"./chunk-4NVBD4IH.js";export{main};
