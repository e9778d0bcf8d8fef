import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-7TIJTMUO.js";import"./chunk-2BJQJMQ3.js";import"./chunk-LW6S27BU.js";import"./chunk-CM3PLSEJ.js";import"./chunk-NLQ6Z5N4.js";import"./chunk-4NVBD4IH.js";export{main};
