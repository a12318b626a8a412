// The stateful vppctl of the test cluster, built on the scenario simulator.
export type { VppFileSystem, VppCliContext, VppCliReply, VppctlEngine } from './contract';
export { ScenarioVppEngine, type ScenarioEngineOptions, type ReceivedCommand } from './engine';
export { compileFilter, matchFilter, filterPacketOfIp, type FilterExpr, type FilterPacket } from './bpf';
export { nodeTraffic, ipOf, type NodeTraffic, type SimPacket } from './packets';
export { IDLE_LOAD, BUSY_LOAD, type LoadProfile } from '../bundle/vpp';
export { scaleScenarioSpec } from './scale';
