import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchLogsEvent } from 'aws-lambda';
import { timeoutClientOptions } from '../aws/clientTimeouts.js';
import { AuditLogWriter } from './AuditLogWriter.js';
import { AUDIT_LOG_GROUP_ENV, forwardAuditEvents } from './forwardAuditEvents.js';

const logGroupName = process.env[AUDIT_LOG_GROUP_ENV];
if (!logGroupName) throw new Error(`${AUDIT_LOG_GROUP_ENV} is not set`);
const writer = new AuditLogWriter(new CloudWatchLogsClient(timeoutClientOptions()), logGroupName);

/** The subscription filters' destination on every operation function's log group. */
export const handler = (event: CloudWatchLogsEvent) => forwardAuditEvents(event, writer);
