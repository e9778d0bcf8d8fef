import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-CSRVQLO3.js";import"./chunk-33UTXBSL.js";import"./chunk-STMAXNIB.js";import"./chunk-Z3RJE2W7.js";import"./chunk-GU5VCDUN.js";import"./chunk-4NVBD4IH.js";export{main};
