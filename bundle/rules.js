import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-B4LP54E7.js";import"./chunk-5F5PEOLC.js";import"./chunk-4NVBD4IH.js";export{rules};
