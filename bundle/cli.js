import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{main}from"./chunk-7L4SX3EQ.js";import"./chunk-XDT7JAIJ.js";import"./chunk-6WR434VW.js";import"./chunk-X4RFMPD7.js";import"./chunk-TQ663YWT.js";import"./chunk-4NVBD4IH.js";export{main};
