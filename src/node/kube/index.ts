// The Kubernetes layer (main process / CLI only): configuration with kubectl's rules, a session over
// @kubernetes/client-node, discovery of Calico VPP, vppctl over exec, file download, logs.
export { loadKubeConfig, proxyFromEnv, hasDefaultKubeconfig, type KubeConfigOptions, type LoadedKubeConfig, type ContextSummary } from './config';
export { KubeSession, type KubeSessionOptions, type ExecTarget, type ExecOptions, type ExecResult, type LogOptions, type SessionInfo } from './client';
export { KubeError, toKubeError, type KubeErrorKind, type RequestContext } from './errors';
export { Redactor } from './redact';
export { discoverCluster, findVppPod, findCalicoNodePod, uplinkDriver, DEFAULT_VPP_NAMESPACE, VPP_POD_PREFIX, VPP_CONFIGMAP, type ClusterDiscovery, type ClusterNodeInfo, type VppPodInfo, type UplinkInfo, type DiscoveryOptions } from './discovery';
export { runVppctl, vppctlArgv, isReadOnlyVppCommand, vppCommandWords, VPPCTL_PATH, VPP_CLI_SOCKET, type VppctlOptions, type VppctlResult } from './vppctl';
export { downloadFile, remoteSha256, type DownloadOptions, type DownloadResult } from './transfer';
export { nodeLogs, logTarget, LOG_COMPONENTS, type LogComponent } from './logs';
export { loginShellPath, pluginSearchPath, findExecutable } from './desktop-path';
export { readCaptureLock, writeCaptureLock, removeCaptureLock, CAPTURE_LOCK_FILE, type CaptureLock } from './lock';
export { VppctlSession, type SessionCommandOptions } from './vppctl-session';
