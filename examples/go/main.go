// The example app in Go: the orders and customers tables replicated into one table bucket.
// Usage: go run . OUTDIR
package main

import (
	"os"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-dynamodb-zero-etl/cdk-dynamodb-zero-etl-go/cdkdynamodbzeroetl"
)

func table(stack awscdk.Stack, name string, partitionKey string, sortKey string) awsdynamodb.TableV2 {
	props := &awsdynamodb.TablePropsV2{
		// Lowercase names: Glue derives the Iceberg table and column names from them (see README, Querying).
		TableName:    jsii.String(strings.ToLower(name)),
		PartitionKey: &awsdynamodb.Attribute{Name: jsii.String(partitionKey), Type: awsdynamodb.AttributeType_STRING},
		PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
			PointInTimeRecoveryEnabled: jsii.Bool(true),
		},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		// Some aws-cdk-lib releases drop statements added to a TableV2 without one (aws/aws-cdk#30793).
		ResourcePolicy: awsiam.NewPolicyDocument(nil),
	}
	if sortKey != "" {
		props.SortKey = &awsdynamodb.Attribute{Name: jsii.String(sortKey), Type: awsdynamodb.AttributeType_STRING}
	}
	return awsdynamodb.NewTableV2(stack, jsii.String(name), props)
}

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(os.Args[1])})
	stack := awscdk.NewStack(app, jsii.String("OrdersAnalytics"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111122223333"), Region: jsii.String("us-east-1")},
	})
	orders := table(stack, "Orders", "order_id", "created_at")
	customers := table(stack, "Customers", "customer_id", "")

	analytics := cdkdynamodbzeroetl.NewDynamoDbZeroEtlToS3Tables(stack, jsii.String("OrdersToS3Tables"),
		&cdkdynamodbzeroetl.DynamoDbZeroEtlToS3TablesProps{
			Table:           orders,
			TableBucketName: jsii.String("orders-analytics"),
		})
	analytics.AddTable(customers, nil)

	app.Synth(nil)
}
