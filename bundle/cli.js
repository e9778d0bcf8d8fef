import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-WTMPNKY6.js";import"./chunk-CEUS7UDB.js";import"./chunk-3SZKGCR6.js";import"./chunk-JM7LMYDL.js";import"./chunk-G2CDTAPW.js";import"./chunk-4NVBD4IH.js";export{main};
