/**
 * DIAN web services: the client for `WcfDianCustomerServices` (habilitación, producción or any
 * URL) and the simulator that speaks the same contract.
 */
export { createDianClient, resolveEndpoint, classifyFault } from './client/client.js';
export type { AuditSink, DianClient, DianClientOptions, NumberingRangeQuery } from './client/client.js';
export { classifyDianResponse, parseRuleMessage } from './client/responses.js';
export type { DianVerdict } from './client/responses.js';
export type * from './client/types.js';
export { DIAN_ENDPOINTS, DIAN_OPERATIONS, SERVICE_PATH, actionOf } from './soap/namespaces.js';
export type { DianEnvironmentName, DianOperation } from './soap/namespaces.js';
export type { SoapFault } from './soap/message.js';
export type { WsSecurityCredentials } from './soap/envelope.js';
export { zipDocuments, unzipDocuments } from './soap/zip.js';
export { startSimulator } from './simulator/server.js';
export type { RunningSimulator, SimulatorOptions } from './simulator/server.js';
export { DEMO, DEMO_CONFIG, HABILITACION_TECHNICAL_KEY, parseSimulatorConfig } from './simulator/config.js';
export type { SimulatorConfig, SimulatorConfigInput } from './simulator/config.js';
export type { FaultSettings } from './simulator/faults.js';
export type { TestSetProgress, TestSetStatus } from './simulator/state.js';
export { createThrowawayIdentity } from './simulator/throwaway-identity.js';
