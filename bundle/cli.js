import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-O756QU7C.js";import"./chunk-7KY5QQKS.js";import"./chunk-7MISIFW2.js";import"./chunk-6GWODGGY.js";import"./chunk-BMGRE7S2.js";import"./chunk-4NVBD4IH.js";export{main};
