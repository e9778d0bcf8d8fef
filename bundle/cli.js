import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-X7F4QGQ4.js";import"./chunk-I2KOKAGN.js";import"./chunk-FSV6OGJN.js";import"./chunk-UIARGO6U.js";import"./chunk-HIBB7M6G.js";import"./chunk-4NVBD4IH.js";export{main};
