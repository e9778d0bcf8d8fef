import { createRequire as __iacLintRequire } from 'node:module';
let __iacLintRequired;
const require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);
import{main}from"./chunk-TN556OVO.js";import"./chunk-7XVG4TQV.js";import"./chunk-MAUAOGSJ.js";import"./chunk-PP7ZT3M3.js";import"./chunk-KEQO754W.js";import"./chunk-V5PEVPRD.js";import"./chunk-O2UIVSMH.js";import"./chunk-23K4SVHZ.js";import"./chunk-VW6GWQG6.js";import"./chunk-V6ABIPHU.js";import"./chunk-RUL6YQE7.js";export{main};
