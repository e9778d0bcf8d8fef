import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-JVND2NUF.js";import"./chunk-5HZQ7KRW.js";import"./chunk-UKPX5DM2.js";import"./chunk-UIARGO6U.js";import"./chunk-HIBB7M6G.js";import"./chunk-4NVBD4IH.js";export{main};
