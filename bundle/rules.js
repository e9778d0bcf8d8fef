import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-YYX32QQ6.js";import"./chunk-NLQ6Z5N4.js";import"./chunk-4NVBD4IH.js";export{rules};
