import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-HQ75ZDUV.js";import"./chunk-IZ7XCBMN.js";import"./chunk-UUIQN5L3.js";import"./chunk-FUM4TGUG.js";import"./chunk-EEK3CM7J.js";import"./chunk-4NVBD4IH.js";export{main};
