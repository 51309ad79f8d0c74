/** @idflow/editor: the browser app. Its public surface for tests is the pure canvas/form helpers. */
export { checkConnection, wouldCycle } from './canvas/edgeRules';
export { layoutLeftToRight } from './canvas/layout';
export { flowToGraph, graphToFlow } from './canvas/mappers';
