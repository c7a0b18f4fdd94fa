/**
 * The CDK app (cdk.json). The functions bundle the generated JSON Schema validators, so they
 * are generated first.
 */
import '../scripts/buildValidators.js';
import { createSharesApp } from './sharesApp.js';

createSharesApp().app.synth();
