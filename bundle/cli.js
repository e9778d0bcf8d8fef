import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-GSIPOKRN.js";import"./chunk-GSORPHZZ.js";import"./chunk-GUUUUWC7.js";import"./chunk-XJXIEPAP.js";import"./chunk-QO3UJUF6.js";import"./chunk-4NVBD4IH.js";export{main};
