import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-FX37BJLR.js";import"./chunk-Q6TA7JO4.js";import"./chunk-GCPJSMWX.js";import"./chunk-UPMYKMDE.js";import"./chunk-YLZKXBQQ.js";import"./chunk-4NVBD4IH.js";export{main};
