import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-5BAO37JK.js";import"./chunk-OEGB2EAL.js";import"./chunk-4NVBD4IH.js";export{rules};
