import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-TYLYG3XY.js";import"./chunk-YXEXQMQC.js";import"./chunk-ILLXQA2Z.js";import"./chunk-UFYSVHHO.js";import"./chunk-PKGO3H2B.js";import"./chunk-4NVBD4IH.js";export{main};
