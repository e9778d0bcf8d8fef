import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-XNDLWJAQ.js";import"./chunk-O37F7V2U.js";import"./chunk-OVJRWJKB.js";import"./chunk-CDLPOJHB.js";import"./chunk-PKGO3H2B.js";import"./chunk-4NVBD4IH.js";export{main};
