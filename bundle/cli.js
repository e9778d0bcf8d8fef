import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-ZOGW4PB3.js";import"./chunk-3PZGCXEJ.js";import"./chunk-JDB4TUK5.js";import"./chunk-MZQPXFST.js";import"./chunk-ZNKIZT5B.js";import"./chunk-4NVBD4IH.js";export{main};
