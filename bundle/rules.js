import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-Z6TYNCSP.js";import"./chunk-RSGGGJ3G.js";import"./chunk-4NVBD4IH.js";export{rules};
