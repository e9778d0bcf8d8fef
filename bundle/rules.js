import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-IVH4QK3U.js";import"./chunk-T7ODPEGJ.js";import"./chunk-4NVBD4IH.js";export{rules};
