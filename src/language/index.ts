export * from './locale';
export { detectScript } from './script';
export { toSimplified, toTraditional } from './chinese';
