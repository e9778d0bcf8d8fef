import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-QRLPPHBV.js";import"./chunk-FIJFHDVG.js";import"./chunk-GKGEZMY7.js";import"./chunk-VUIRW2VV.js";import"./chunk-ES2JB7Q6.js";import"./chunk-4NVBD4IH.js";export{main};
