import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-QE33Z4C3.js";import"./chunk-QWYDWCFH.js";import"./chunk-4NVBD4IH.js";export{rules};
