import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-F26LGCKV.js";import"./chunk-D37QUIKV.js";import"./chunk-6SM556ED.js";import"./chunk-5LQTO6MR.js";import"./chunk-ES2JB7Q6.js";import"./chunk-4NVBD4IH.js";export{main};
