import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-O7EYOWA3.js";import"./chunk-GU5VCDUN.js";import"./chunk-4NVBD4IH.js";export{rules};
