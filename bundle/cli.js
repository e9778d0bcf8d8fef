import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-AIUPFZHE.js";import"./chunk-LUTZHT34.js";import"./chunk-LW6S27BU.js";import"./chunk-YYX32QQ6.js";import"./chunk-NLQ6Z5N4.js";import"./chunk-4NVBD4IH.js";export{main};
