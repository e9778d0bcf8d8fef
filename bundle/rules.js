import { createRequire as __iacLintRequire } from 'node:module';
const require = __iacLintRequire(import.meta.url);
import{rules}from"./chunk-2COHY4KW.js";import"./chunk-XDAI2PUB.js";import"./chunk-4NVBD4IH.js";export{rules};
