import { createRequire as __iacLintRequire } from 'node:module';
let __iacLintRequired;
const require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);
import{main}from"./chunk-D7WDIRUS.js";import"./chunk-PFVSVVI2.js";import"./chunk-QZZ5KIZW.js";import"./chunk-IBVSFZ6Q.js";import"./chunk-VASGDB5L.js";import"./chunk-VWU5X7UV.js";import"./chunk-O2UIVSMH.js";import"./chunk-23K4SVHZ.js";import"./chunk-VW6GWQG6.js";import"./chunk-V6ABIPHU.js";import"./chunk-RUL6YQE7.js";export{main};
