/**
 * The CDK app (cdk.json). Loading it only synthesizes: the functions bundle the generated
 * JSON Schema validators (lambda/schemas/generated/), which cdk.json's app command builds
 * (`npm run build:validators`) before it runs this file.
 */
import { createServiceApp } from './serviceApp.js';

createServiceApp().app.synth();
