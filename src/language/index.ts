export * from './locale';
export { detectScript } from './script';
export { changesWhenSimplified, changesWhenTraditional, toSimplified, toTraditional } from './chinese';
