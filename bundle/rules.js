import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-6GWODGGY.js";import"./chunk-BMGRE7S2.js";import"./chunk-4NVBD4IH.js";export{rules};
