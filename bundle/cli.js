import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-J52V2FWC.js";import"./chunk-XOUU2KVO.js";import"./chunk-6WR434VW.js";import"./chunk-X4RFMPD7.js";import"./chunk-TQ663YWT.js";import"./chunk-4NVBD4IH.js";export{main};
