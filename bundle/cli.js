import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-K3RMJYRI.js";import"./chunk-GHVQEC6U.js";import"./chunk-RQXHUACT.js";import"./chunk-UIARGO6U.js";import"./chunk-HIBB7M6G.js";import"./chunk-4NVBD4IH.js";export{main};
