import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-XYU6Y6GS.js";import"./chunk-WCLOZ7HS.js";import"./chunk-4NVBD4IH.js";export{rules};
