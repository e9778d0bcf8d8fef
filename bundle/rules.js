import { createRequire as __iacLintRequire } from 'node:module';
let __iacLintRequired;
const require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);
import{rules}from"./chunk-VWU5X7UV.js";import"./chunk-O2UIVSMH.js";import"./chunk-23K4SVHZ.js";import"./chunk-RUL6YQE7.js";export{rules};
