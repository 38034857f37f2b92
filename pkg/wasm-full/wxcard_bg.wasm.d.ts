/* tslint:disable */
/* eslint-disable */
export const memory: WebAssembly.Memory;
export const diagnoseCardExt: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number) => [number, number, number, number];
export const diagnoseChooseCard: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number, n: number, o: number, p: number, q: number, r: number, s: number, t: number) => [number, number, number, number];
export const explainErrcode: (a: number) => [number, number];
export const generateNonce: () => [number, number, number, number];
export const parseCardRedirect: (a: number, b: number) => [number, number];
export const parseUserAgent: (a: number, b: number) => [number, number];
export const signCardExt: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number, n: number, o: number, p: number) => [number, number, number, number];
export const signChooseCard: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number, n: number) => [number, number, number, number];
export const signJsapiConfig: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number, number];
export const sortedSha1: (a: number, b: number) => [number, number];
export const stripCardParams: (a: number, b: number) => [number, number];
export const supportsCards: (a: number, b: number) => number;
export const verifyCardExt: (a: number, b: number, c: number, d: number, e: number, f: number) => [number, number, number];
export const verifyChooseCard: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number, n: number, o: number, p: number) => [number, number, number];
export const verifyJsapiConfig: (a: number, b: number, c: number, d: number, e: number, f: number, g: number, h: number, i: number, j: number) => [number, number, number];
export const __wbindgen_malloc: (a: number, b: number) => number;
export const __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
export const __wbindgen_free: (a: number, b: number, c: number) => void;
export const __wbindgen_exn_store: (a: number) => void;
export const __externref_table_alloc: () => number;
export const __wbindgen_externrefs: WebAssembly.Table;
export const __externref_table_dealloc: (a: number) => void;
export const __externref_drop_slice: (a: number, b: number) => void;
export const __wbindgen_start: () => void;
