package export

import (
	"io"

	"github.com/xuri/excelize/v2"
)

// ReadXLSX reads back the raw cell values of a sheet of a workbook, the
// header row first: what the API's and the console's tests check a
// download against without importing excelize themselves (internal/layout).
func ReadXLSX(r io.Reader, sheet string) ([][]string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.GetRows(sheet, excelize.Options{RawCellValue: true})
}
