import { createRequire as __iacLintRequire } from 'node:module';
let __iacLintRequired;
const require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);
import{main}from"./chunk-AJAGN4MM.js";import"./chunk-4EUTJXP5.js";import"./chunk-QZZ5KIZW.js";import"./chunk-OSRMJQCH.js";import"./chunk-VASGDB5L.js";import"./chunk-VWU5X7UV.js";import"./chunk-O2UIVSMH.js";import"./chunk-23K4SVHZ.js";import"./chunk-VW6GWQG6.js";import"./chunk-V6ABIPHU.js";import"./chunk-RUL6YQE7.js";export{main};
