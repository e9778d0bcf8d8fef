import { createRequire as __iacLintRequire } from 'node:module';
let __iacLintRequired;
const require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);
import{main}from"./chunk-PZZLZAEE.js";import"./chunk-QRFSRQUH.js";import"./chunk-R3FZTY6F.js";import"./chunk-AZAAUDU5.js";import"./chunk-SQ3F6VC3.js";import"./chunk-BFHKJIO3.js";import"./chunk-DRDAVBB3.js";import"./chunk-EB33CXSA.js";export{main};
