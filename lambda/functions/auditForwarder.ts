import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { timeoutClientOptions } from '../aws/clientTimeouts.js';
import { AuditLogWriter } from '../auditForwarder/AuditLogWriter.js';
import { ENV } from '../environment.js';
import { forwardAuditEvents } from '../auditForwarder/forwardAuditEvents.js';

/** Set by the stack (infra/constructs/AuditLog.ts): the log group that keeps audit events a year. */
const logGroupName = process.env[ENV.auditLogGroupName];
if (!logGroupName) throw new Error(`${ENV.auditLogGroupName} is not set`);
const writer = new AuditLogWriter(new CloudWatchLogsClient(timeoutClientOptions()), logGroupName);

/** The subscription filters' destination on every operation function's log group. */
export const handler = (event: CloudWatchLogsEvent) => forwardAuditEvents(event, writer);
