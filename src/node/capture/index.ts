// Live-cluster captures (trace, pcap, dispatch) with calicovppctl's lock and commands, cleanup,
// pod-side capture commands, and the calicovppctl-compatible export.
export { runCapture, stitchFiles, countTracePackets, REMOTE_FILES, ALL_REMOTE_FILES, type CaptureRequest, type CaptureEvent, type CaptureOutcome, type NodeHandle } from './capture';
export { clearNode, type ClearResult } from './clear';
export { exportCluster, EXPORT_VPP_GROUPS, describePod, podsWide, nodesWide, goDuration, type ExportOptions, type ExportResult } from './export';
export { parseFiveTuple, filterExpression, applyFilterCommands, removeFilterCommands, type FiveTuple, type FiveTupleInput } from './filter';
export { INTERFACE_PRESETS, interfaceCandidates, resolveInputNode, driverCandidates, showNodeFound } from './input-node';
export { assessLoad, BUSY_PACKETS_PER_SECOND, BUSY_VECTORS_PER_CALL, type LoadVerdict } from './load';
export { podCaptureCommands, afPacketSnippet, shellQuote, type PodCaptureCommands } from './pod-capture';
export { Limiter, NodeVpp, vppPodIdentity, type PodIdentity } from './remote';
export { CaptureInputError, validateNodeName, validateInterfaceName, validateIp, validatePort, validateProtocol, validatePodRef, validateImage, validateGraphNodeName } from './validate';
export { captureWithDebugContainer, DEFAULT_DEBUG_IMAGE, type DebugCaptureRequest, type DebugCaptureOutcome } from './debug-container';
