import { createRequire as __iacLintRequire } from 'node:module';
let __iacLintRequired;
const require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);
import{rules}from"./chunk-AZAAUDU5.js";import"./chunk-SQ3F6VC3.js";import"./chunk-DRDAVBB3.js";import"./chunk-EB33CXSA.js";export{rules};
