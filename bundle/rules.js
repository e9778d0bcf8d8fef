import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-XJXIEPAP.js";import"./chunk-QO3UJUF6.js";import"./chunk-4NVBD4IH.js";export{rules};
