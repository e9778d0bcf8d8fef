import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-5LQTO6MR.js";import"./chunk-ES2JB7Q6.js";import"./chunk-4NVBD4IH.js";export{rules};
