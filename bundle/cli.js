import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-XN6CTHE5.js";import"./chunk-D2YZJCFM.js";import"./chunk-GCPJSMWX.js";import"./chunk-6JH5TXKG.js";import"./chunk-YLZKXBQQ.js";import"./chunk-4NVBD4IH.js";export{main};
