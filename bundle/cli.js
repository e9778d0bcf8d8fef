import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-IDVN42ZB.js";import"./chunk-U7FY4VQ6.js";import"./chunk-4YDHWOWI.js";import"./chunk-OT3SSWJL.js";import"./chunk-ZVCNKL55.js";import"./chunk-CTOGJIQG.js";export{main};
